package dev.aurorajdbc.driver.jdbc;

/**
 * A wrapper of a value the application may hand back to the native driver (a savepoint, LOB, array, XML value,
 * struct or ref): {@link Values#nativeOf(Object)} gives the native driver its own object, which it requires.
 */
interface NativeValue {

    /** The native driver's object behind this wrapper. */
    Object nativeObject();
}
