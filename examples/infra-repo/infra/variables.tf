variable "region" {
  description = "Primary region of the platform"
  type        = string
}

variable "replica_region" {
  type    = string
  default = "eu-west-1"
}

variable "archive_region" {
  description = "Set by the deploy pipeline"
  type        = string
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
}
