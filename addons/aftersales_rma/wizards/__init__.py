from . import stock_picking_return
from . import aftersales_rma_sale_wizard
