package dev.aurorajdbc.codegen;

import javax.lang.model.element.Element;

/** Why a class cannot be completed as annotated, and where: reported as a compile error on that element. */
final class Problem extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Element element;

    Problem(Element element, String message) {
        super(message, null, false, false); // a message for the compiler's output; no stack trace needed
        this.element = element;
    }

    Element element() {
        return element;
    }
}
