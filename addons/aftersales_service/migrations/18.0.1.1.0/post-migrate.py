# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: SLA targets say how they count; defaults no longer grant rights.

- SLA policies gained a response and a resolution basis (clock hours or the
  team's working time). Until now every target counted working time: the
  policies of an upgraded database keep that meaning until someone changes
  them (new databases get clock hours for the 24-hour reply, SLA-01).
- Stages gained the "Resolved Stage" flag, set on the shipped Resolved stage:
  other addons find it by the flag, not by its xml id.
- The default user template no longer implies After-Sales Administrator: new
  users get no after-sales rights they were not given. Existing users keep
  theirs.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE aftersales_sla_policy
              SET response_basis = 'working', resolution_basis = 'working'"""
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    # the stage other addons resolve tickets into is found by its flag now
    resolved = env.ref("aftersales_service.stage_resolved", raise_if_not_found=False)
    if resolved:
        resolved.is_resolved = True
    template = env.ref("base.default_user", raise_if_not_found=False)
    manager = env.ref(
        "aftersales_service.group_aftersales_manager", raise_if_not_found=False
    )
    if template and manager and manager in template.groups_id:
        template.groups_id = [(3, manager.id)]
