from . import test_rma_flow
from . import test_rma_guards
from . import test_rma_decisions
from . import test_rma_sla
from . import test_rma_links
from . import test_rma_demo
