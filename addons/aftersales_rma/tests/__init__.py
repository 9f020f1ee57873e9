from . import test_rma_flow
from . import test_rma_guards
from . import test_rma_decisions
from . import test_supplier_claim_flow
from . import test_supplier_claim_guards
from . import test_supplier_claim_access
