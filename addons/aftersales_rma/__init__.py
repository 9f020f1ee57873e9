from . import models


def _create_warehouse_rma_data(env):
    """Add the RMA location and operation types to existing warehouses."""
    warehouses = env["stock.warehouse"].with_context(active_test=False).search([])
    warehouses.filtered(
        lambda w: not (w.rma_loc_id and w.rma_in_type_id and w.rma_out_type_id)
    )._create_rma_data()
