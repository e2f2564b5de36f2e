def service(request):
    return {"service_name": "DHR QA"}
