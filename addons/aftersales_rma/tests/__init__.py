from . import test_rma_flow
from . import test_rma_guards
from . import test_rma_decisions
from . import test_rma_origin
from . import test_rma_return_wizard
from . import test_rma_sale_wizard
from . import test_rma_origin_guards
