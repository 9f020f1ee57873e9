# Not a model: the ticket's SLA lives in aftersales_ticket.py. This module is
# kept, and not imported by models/__init__.py, only because aftersales_survey
# imports SLA_STATUSES from this path; drop it once it imports from
# aftersales_ticket.
from .aftersales_ticket import SLA_STATUSES

__all__ = ["SLA_STATUSES"]
