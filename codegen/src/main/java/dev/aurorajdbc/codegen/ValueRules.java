package dev.aurorajdbc.codegen;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * The value rules of {@link GenerateDelegation#values()}, read from the shapes of its static methods: which returned
 * types are wrapped and which argument types are unwrapped, and by what call. Kept as the class's own methods so that
 * a rule is written once, in the driver, and the generator only applies it.
 */
final class ValueRules {

    /** A rule for one type: the call {@code Owner.method(...)}. */
    private record Rule(TypeMirror type, String method) {
    }

    private final Types types;
    private final TypeElement owner;
    private final List<Rule> wrap = new ArrayList<>();
    private final List<Rule> unwrap = new ArrayList<>();
    private String wrapGeneric;

    private ValueRules(Types types, TypeElement owner) {
        this.types = types;
        this.owner = owner;
    }

    /** No rules: every value passes as it is. */
    static ValueRules none(Types types) {
        return new ValueRules(types, null);
    }

    static ValueRules of(Types types, TypeElement owner) throws Problem {
        ValueRules rules = new ValueRules(types, owner);
        for (ExecutableElement m : ElementFilter.methodsIn(owner.getEnclosedElements())) {
            if (m.getModifiers().contains(Modifier.STATIC) && !m.getModifiers().contains(Modifier.PRIVATE)) {
                rules.add(m);
            }
        }
        return rules;
    }

    private void add(ExecutableElement m) throws Problem {
        List<? extends VariableElement> p = m.getParameters();
        TypeMirror returned = m.getReturnType();
        String name = m.getSimpleName().toString();
        if (p.size() == 1 && types.isSameType(returned, p.get(0).asType())) {
            put(unwrap, returned, name, m);
        } else if (p.size() == 2 && returned.getKind() != TypeKind.TYPEVAR
                && types.isSameType(returned, p.get(1).asType())) {
            put(wrap, returned, name, m);
        } else if (p.size() == 3 && isGenericWrap(m)) {
            if (wrapGeneric != null) {
                throw new Problem(m, "a second rule for <T> T getObject(..., Class<T>): " + wrapGeneric + " is one");
            }
            wrapGeneric = name;
        }
    }

    /** {@code <T> T m(C, T, Class<T>)}. */
    private boolean isGenericWrap(ExecutableElement m) {
        if (m.getTypeParameters().size() != 1) {
            return false;
        }
        TypeMirror t = m.getTypeParameters().get(0).asType();
        List<? extends VariableElement> p = m.getParameters();
        return types.isSameType(m.getReturnType(), t) && types.isSameType(p.get(1).asType(), t)
                && isClassOf(p.get(2).asType(), t);
    }

    private void put(List<Rule> rules, TypeMirror type, String method, ExecutableElement where) throws Problem {
        if (find(rules, type) != null) {
            throw new Problem(where, "a second rule for " + type + ": " + find(rules, type) + " is one");
        }
        rules.add(new Rule(type, method));
    }

    private String find(List<Rule> rules, TypeMirror type) {
        for (Rule r : rules) {
            if (types.isSameType(r.type(), type)) {
                return r.method();
            }
        }
        return null;
    }

    /** The class holding the rules, or null when there are none. */
    TypeElement owner() {
        return owner;
    }

    /** The rule's method that wraps a returned {@code type}, or null. */
    String wrapping(TypeMirror type) {
        return find(wrap, type);
    }

    /** The rule's method that unwraps an argument of {@code type}, or null. */
    String unwrapping(TypeMirror type) {
        return find(unwrap, type);
    }

    /**
     * The rule's method for {@code method}'s answer when it is {@code <T> T x(..., Class<T> type)} with {@code T}
     * unbounded, or null.
     */
    String wrappingGeneric(ExecutableElement method) {
        if (wrapGeneric == null || method.getTypeParameters().size() != 1 || classParameter(method) < 0) {
            return null;
        }
        TypeParameterElement t = method.getTypeParameters().get(0);
        boolean unbounded = t.getBounds().stream().allMatch(b -> TypeNames.is(b, "java.lang.Object"));
        return unbounded && types.isSameType(method.getReturnType(), t.asType()) ? wrapGeneric : null;
    }

    /** The position of the {@code Class<T>} parameter of a generic method, or -1. */
    int classParameter(ExecutableElement method) {
        if (method.getTypeParameters().size() != 1) {
            return -1;
        }
        TypeMirror t = method.getTypeParameters().get(0).asType();
        List<? extends VariableElement> p = method.getParameters();
        for (int i = 0; i < p.size(); i++) {
            if (isClassOf(p.get(i).asType(), t)) {
                return i;
            }
        }
        return -1;
    }

    private boolean isClassOf(TypeMirror candidate, TypeMirror t) {
        if (candidate.getKind() != TypeKind.DECLARED) {
            return false;
        }
        DeclaredType d = (DeclaredType) candidate;
        return TypeNames.is(d, "java.lang.Class") && d.getTypeArguments().size() == 1
                && types.isSameType(d.getTypeArguments().get(0), t);
    }
}
