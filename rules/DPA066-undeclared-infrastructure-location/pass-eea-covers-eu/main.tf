resource "google_storage_bucket" "media" {
  name     = "media"
  location = "EU"
}
