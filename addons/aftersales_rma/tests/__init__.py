from . import test_rma_flow
from . import test_rma_guards
from . import test_rma_decisions
from . import test_finance_report
