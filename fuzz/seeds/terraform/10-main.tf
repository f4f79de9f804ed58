provider "aws" {
  region = "eu-central-1"
}

module "replica" {
  source = "./replica"
  region = "eu-west-1"
}

resource "google_storage_bucket" "media" {
  name     = "media"
  location = "EU"
}
