package dev.aurorajdbc.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;

/**
 * Types written as a person writes them in one generated file: simple names with imports, the qualified name only
 * where a simple name would mean another type (two types of one simple name, or a member type the generated class
 * inherits).
 */
final class TypeNames {

    private final Elements elements;
    private final String packageName;
    /** Simple name to the qualified name it stands for in this file. */
    private final Map<String, String> claimed = new TreeMap<>();
    private final Set<String> imports = new TreeSet<>();

    /**
     * @param packageName the generated file's package
     * @param reserved simple names that must not be used for other types (the generated class's own, and the member
     *     types it inherits, which would hide an import)
     */
    TypeNames(Elements elements, String packageName, Set<String> reserved) {
        this.elements = elements;
        this.packageName = packageName;
        for (String r : reserved) {
            claimed.put(r, "");
        }
    }

    /** The import lines this file needs, sorted. */
    List<String> imports() {
        return new ArrayList<>(imports);
    }

    String name(TypeMirror type) {
        switch (type.getKind()) {
            case ARRAY:
                return name(((ArrayType) type).getComponentType()) + "[]";
            case DECLARED:
                return declared((DeclaredType) type);
            case TYPEVAR:
                return ((TypeVariable) type).asElement().getSimpleName().toString();
            case WILDCARD:
                return wildcard((WildcardType) type);
            default:
                return type.toString(); // primitives and void
        }
    }

    String name(TypeElement type) {
        String simple = type.getSimpleName().toString();
        String qualified = type.getQualifiedName().toString();
        String owner = claimed.get(simple);
        if (owner != null) {
            return owner.equals(qualified) ? simple : qualified;
        }
        claimed.put(simple, qualified);
        String pkg = packageOf(type);
        boolean topLevel = type.getNestingKind() == NestingKind.TOP_LEVEL;
        if (topLevel && pkg.equals(packageName)) {
            return simple;
        }
        if (topLevel && pkg.equals("java.lang") && elements.getTypeElement(packageName + "." + simple) == null) {
            return simple;
        }
        imports.add(qualified);
        return simple;
    }

    private String declared(DeclaredType type) {
        String raw = name((TypeElement) type.asElement());
        if (type.getTypeArguments().isEmpty()) {
            return raw;
        }
        List<String> args = new ArrayList<>();
        for (TypeMirror a : type.getTypeArguments()) {
            args.add(name(a));
        }
        return raw + "<" + String.join(", ", args) + ">";
    }

    private String wildcard(WildcardType type) {
        if (type.getExtendsBound() != null) {
            return "? extends " + name(type.getExtendsBound());
        }
        if (type.getSuperBound() != null) {
            return "? super " + name(type.getSuperBound());
        }
        return "?";
    }

    /** Whether {@code type} is the class or interface {@code qualifiedName} (with any type arguments). */
    static boolean is(TypeMirror type, String qualifiedName) {
        return type.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(qualifiedName);
    }

    private static String packageOf(Element e) {
        Element p = e;
        while (p.getKind() != ElementKind.PACKAGE) {
            p = p.getEnclosingElement();
        }
        return ((PackageElement) p).getQualifiedName().toString();
    }
}
