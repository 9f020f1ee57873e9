from . import stock_picking_return
from . import aftersales_rma_sale_wizard
from . import aftersales_supplier_claim_consolidate
