locals {
  name = "ferrydesk"
}

module "tickets" {
  source = "./modules/storage"
  name   = "${local.name}-tickets"
  region = var.region
}

module "tickets_replica" {
  source = "./modules/storage"
  name   = "${local.name}-tickets-replica"
  region = var.replica_region
}

resource "aws_db_instance" "main" {
  identifier     = local.name
  engine         = "postgres"
  instance_class = "db.t4g.medium"
}

# Nightly CSV exports for the analytics team.
resource "aws_s3_bucket" "exports" {
  provider = aws.us
  bucket   = "${local.name}-exports"
}

resource "aws_s3_bucket" "archive" {
  bucket = "${local.name}-archive"
  region = var.archive_region
}

resource "datadog_monitor" "api_errors" {
  name    = "API error rate"
  type    = "metric alert"
  query   = "avg(last_5m):sum:trace.http.request.errors{service:api} > 10"
  message = "API errors are up"
}
