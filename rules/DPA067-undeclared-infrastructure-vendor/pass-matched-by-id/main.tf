terraform {
  required_providers {
    datadog = {
      source = "DataDog/datadog"
    }
  }
}

provider "datadog" {
  api_url = "https://api.datadoghq.eu/"
}

resource "datadog_monitor" "errors" {
  name  = "errors"
  type  = "metric alert"
  query = "avg(last_5m):sum:errors{*} > 10"
}
