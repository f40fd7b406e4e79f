/usr/local/bin/python -m api
