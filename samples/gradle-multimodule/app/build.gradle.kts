plugins {
    id("com.android.application")
}

android {
    namespace = "com.example.kwikcash"
    compileSdk = 34

    defaultConfig {
        applicationId = "com.example.kwikcash"
        minSdk = 24
        targetSdk = 34
        versionCode = 12
        versionName = "1.4.0"
    }

    flavorDimensions += "market"
    productFlavors {
        create("cn") { dimension = "market" }
        create("ng") { dimension = "market"; applicationIdSuffix = ".ng" }
    }
}

dependencies {
    implementation(project(":contactslib"))
}
