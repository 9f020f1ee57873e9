from . import test_invitation
from . import test_scores
from . import test_followup
from . import test_escalation
from . import test_revisit
from . import test_access
from . import test_report
from . import test_ui
