rootProject.name = "kwikcash"
include(":app", ":contactslib")
