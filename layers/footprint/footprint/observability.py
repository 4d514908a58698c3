"""The one Logger and Metrics every floor shares; service and namespace come from the template."""

import warnings

from aws_lambda_powertools import Logger, Metrics

logger = Logger(use_rfc3339=True)
metrics = Metrics()

# Most requests emit no business metric; an empty flush is expected, not worth a warning a call.
warnings.filterwarnings("ignore", message="No application metrics to publish")
