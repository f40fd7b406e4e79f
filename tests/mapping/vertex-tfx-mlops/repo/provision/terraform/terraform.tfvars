project_id = "vertex-mlops"
subnet_region = "us-central1"
zone = "us-central1-a"
name_prefix = "vertex-mlops"
machine_type = "n1-standard-8"
#gpu_type = "NVIDIA_TESLA_T4"
#gpu_count = 1
#install_gpu_driver = true
#image_family = "common-gpu"


