from . import aftersales_approval_reject_wizard
from . import aftersales_ticket_escalate_wizard
from . import aftersales_finance_report_wizard
from . import aftersales_visit_sign_wizard
from . import aftersales_installation_sign_wizard
from . import aftersales_training_sign_wizard
