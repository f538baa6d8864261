package io.strata.api.routing;

/**
 * What kind of traffic a message is, which together with its connection and output properties
 * decides which route sources ({@code /messages/*}, {@code /twinChangeNotifications}) it matches.
 */
public enum MessageSource {
    /** Telemetry from a device or output from a module. */
    TELEMETRY,
    /** A change of a twin's reported properties, routed to {@code /twinChangeNotifications}. */
    TWIN_CHANGE_NOTIFICATION
}
