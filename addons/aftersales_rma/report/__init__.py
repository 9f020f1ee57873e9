from . import aftersales_finance_xlsx
from . import aftersales_rma_register_xlsx
