package io.hotzone.config;

/** A hotzone.yaml problem, worded for the operator who has to fix it (file, key, what is wrong). */
public final class ConfigException extends Exception
{
    public ConfigException(String message)
    {
        super(message);
    }

    public ConfigException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
