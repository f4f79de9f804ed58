terraform {
  required_providers {
    datadog = {
      source = "DataDog/datadog"
    }
    random = {
      source = "hashicorp/random"
    }
  }
}

provider "datadog" {
  api_url = "https://api.datadoghq.eu/"
}

resource "random_id" "suffix" {
  byte_length = 4
}
