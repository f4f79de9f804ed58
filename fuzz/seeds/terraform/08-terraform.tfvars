backup_region = "eu-west-3"
