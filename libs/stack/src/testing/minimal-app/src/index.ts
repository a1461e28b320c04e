// The packaging fixture's shipped sources: none emit a metric, so its alarms may watch AWS's only.
export {};
