from . import aftersales_xlsx_table
from . import aftersales_finance_xlsx
from . import aftersales_ticket_register_xlsx
