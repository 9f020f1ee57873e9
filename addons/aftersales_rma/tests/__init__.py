from . import test_rma_flow
from . import test_rma_guards
from . import test_rma_decisions
from . import test_rma_warehouse
from . import test_rma_advance
from . import test_rma_mail
from . import test_rma_report
