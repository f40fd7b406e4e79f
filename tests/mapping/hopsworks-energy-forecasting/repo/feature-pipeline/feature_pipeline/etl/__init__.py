from feature_pipeline.etl.cleaning import *
from feature_pipeline.etl.extract import *
from feature_pipeline.etl.load import *
from feature_pipeline.etl.validation import *
