from . import aftersales_supplier_scorecard
