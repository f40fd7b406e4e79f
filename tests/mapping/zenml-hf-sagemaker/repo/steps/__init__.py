# Apache Software License 2.0
#
# Copyright (c) ZenML GmbH 2023. All rights reserved.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
# http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#


from .alerts import notify_on_failure, notify_on_success
from .dataset_loader import (
    data_loader,
    generate_reference_and_comparison_datasets,
)
from .deploying import (
    deploy_hf_to_sagemaker,
    deploy_to_huggingface,
    save_model_to_deploy,
)
from .promotion import promote_get_metrics, promote_metric_compare_promoter
from .registrer import register_model
from .tokenizer_loader import (
    tokenizer_loader,
)
from .tokenization import (
    tokenization_step,
)
from .training import model_trainer
