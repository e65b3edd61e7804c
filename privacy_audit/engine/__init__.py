"""The rule engine: load rules, compile conditions, evaluate them over an app's facts."""
