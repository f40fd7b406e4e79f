from yarl import URL


TITLE = "Energy Consumption Forecasting"
API_URL = URL("http://172.17.0.1:8001/api/v1")
