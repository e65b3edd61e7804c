plugins {
    id("com.android.library")
}

android {
    namespace = "com.example.contactslib"
    compileSdk = 34
    defaultConfig {
        minSdk = 21
    }
}
