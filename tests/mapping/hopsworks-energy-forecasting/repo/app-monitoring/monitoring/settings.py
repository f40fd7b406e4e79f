from yarl import URL


TITLE = "Monitoring | Energy Consumption"
API_URL = URL("http://172.17.0.1:8001/api/v1")
