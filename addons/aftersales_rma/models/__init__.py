from . import aftersales_rma
from . import aftersales_rma_line
from . import aftersales_ticket
from . import stock_picking
from . import aftersales_rma_line_decision
from . import account_move_line
from . import repair_order
from . import stock_warehouse
