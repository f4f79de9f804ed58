provider "aws" {
  region = var.region
}

# Copied from a tutorial for a CloudFront certificate, then reused for exports.
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

# Logs and APM traces: no vendor entry in privacy/ yet.
provider "datadog" {
  api_url = "https://api.datadoghq.com/"
}
