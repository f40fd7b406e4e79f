from api.schemas.health import Health
from api.schemas.predictions import (
    PredictionResults,
    MonitoringMetrics,
    MonitoringValues,
)
from api.schemas.consumer_type_values import UniqueConsumerType
from api.schemas.area_values import UniqueArea
