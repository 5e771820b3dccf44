package io.protection.orders.common;

import java.util.List;

/** A request body that can list its own bad fields, so that a 400 for its type errors lists those too. */
public interface Validated {

    /** Every bad field of this body, as its validation would report them; empty when it is valid. */
    List<FieldError> violations();
}
