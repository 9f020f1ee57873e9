from . import aftersales_supplier_scorecard
from . import aftersales_finance_xlsx
from . import aftersales_rma_register_xlsx
from . import aftersales_claim_register_xlsx
