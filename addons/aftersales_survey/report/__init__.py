from . import aftersales_survey_report
from . import aftersales_finance_xlsx
