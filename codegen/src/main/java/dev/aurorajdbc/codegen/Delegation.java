package dev.aurorajdbc.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.MirroredTypeException;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * One annotated class, checked: where its native object, funnel and value rules are, and which methods of the
 * delegate's interface are left to generate and which are hand-written.
 */
final class Delegation {

    private final Types types;
    private final Elements elements;
    final TypeElement annotated;
    /** The expression for the native object: a field's name, or a call such as {@code live()}. */
    final String delegate;
    /** Whether {@link #delegate} is a call, made once before the try. */
    final boolean delegateIsCall;
    /** The delegate's interface: its methods are the ones to delegate. */
    final TypeElement delegateType;
    final String funnel;
    final String connection;
    /** The method wrapping a returned result set; empty for none. */
    final String resultSet;
    /** The method a first parameter of type String goes through; empty for none. */
    final String firstString;
    final ValueRules rules;
    final TypeMirror sqlException;

    private Delegation(ProcessingEnvironment env, TypeElement annotated, GenerateDelegation a) throws Problem {
        this.types = env.getTypeUtils();
        this.elements = env.getElementUtils();
        this.annotated = annotated;
        if (!annotated.getModifiers().contains(Modifier.ABSTRACT) || annotated.getNestingKind().isNested()) {
            throw new Problem(annotated, "@GenerateDelegation completes a top-level abstract class: "
                    + annotated.getSimpleName() + " is not one");
        }
        TypeElement sql = elements.getTypeElement("java.sql.SQLException");
        if (sql == null) {
            throw new Problem(annotated, "java.sql.SQLException is not on the compiler's module path");
        }
        this.sqlException = sql.asType();
        this.delegateIsCall = a.delegate().endsWith("()");
        this.delegate = a.delegate();
        this.delegateType = delegateType(a.delegate());
        this.funnel = a.funnel();
        requireFunnel();
        this.connection = a.connection();
        this.resultSet = a.resultSet();
        if (!resultSet.isEmpty()) {
            accessibleMethod(resultSet, "resultSet");
        }
        this.firstString = a.firstString();
        if (!firstString.isEmpty()) {
            requireFirstString();
        }
        TypeElement values = valuesClass(a);
        this.rules = values == null ? ValueRules.none(types) : ValueRules.of(types, values);
    }

    static Delegation of(ProcessingEnvironment env, TypeElement annotated) throws Problem {
        return new Delegation(env, annotated, annotated.getAnnotation(GenerateDelegation.class));
    }

    /**
     * The methods of the delegate's interface and its superinterfaces, each signature once (the most specific
     * declaration), in declaration order, that no concrete method of the class or a superclass implements.
     */
    List<ExecutableElement> toGenerate() throws Problem {
        List<ExecutableElement> left = new ArrayList<>();
        for (ExecutableElement m : interfaceMethods()) {
            if (implementation(m) == null) {
                left.add(m);
            }
        }
        requireNoOtherAbstractMethod(left);
        return left;
    }

    /** The hand-written methods of the annotated class itself that implement a method of the delegate's interface. */
    Map<ExecutableElement, ExecutableElement> handWritten() {
        Map<ExecutableElement, ExecutableElement> found = new LinkedHashMap<>();
        for (ExecutableElement m : interfaceMethods()) {
            ExecutableElement impl = implementation(m);
            if (impl != null && impl.getEnclosingElement().equals(annotated)) {
                found.put(impl, m);
            }
        }
        return found;
    }

    /** The name of the generated class. */
    String generatedName() {
        return "Generated" + annotated.getSimpleName();
    }

    /** The constructors the generated class passes on to. */
    List<ExecutableElement> constructors() {
        List<ExecutableElement> result = new ArrayList<>();
        for (ExecutableElement c : ElementFilter.constructorsIn(annotated.getEnclosedElements())) {
            if (!c.getModifiers().contains(Modifier.PRIVATE)) {
                result.add(c);
            }
        }
        return result;
    }

    /** Whether the method declares SQLException (or a supertype of it), which the funnel's answer needs. */
    boolean throwsSqlException(ExecutableElement m) {
        for (TypeMirror t : m.getThrownTypes()) {
            if (types.isSubtype(sqlException, t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the method declares a subclass of SQLException, where the native exception may come from. */
    boolean throwsSqlExceptionSubclass(ExecutableElement m) {
        for (TypeMirror t : m.getThrownTypes()) {
            if (types.isSubtype(t, sqlException)) {
                return true;
            }
        }
        return false;
    }

    private TypeElement delegateType(String expression) throws Problem {
        String name = delegateIsCall ? expression.substring(0, expression.length() - 2) : expression;
        TypeMirror type = null;
        for (Element e : elements.getAllMembers(annotated)) {
            if (!e.getSimpleName().contentEquals(name) || e.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            if (!delegateIsCall && e instanceof VariableElement) {
                type = e.asType();
            } else if (delegateIsCall && e instanceof ExecutableElement x && x.getParameters().isEmpty()) {
                type = x.getReturnType();
            }
        }
        if (type == null || type.getKind() != TypeKind.DECLARED) {
            throw new Problem(annotated, "delegate \"" + expression + "\": no field, or method without parameters,"
                    + " of that name that the generated subclass can reach");
        }
        TypeElement t = (TypeElement) ((DeclaredType) type).asElement();
        if (!t.getKind().isInterface()) {
            throw new Problem(annotated, "delegate \"" + expression + "\" is a " + t + ", not an interface");
        }
        if (!t.getTypeParameters().isEmpty()) {
            throw new Problem(annotated, "delegate \"" + expression + "\": " + t + " is generic, which the"
                    + " generator does not support");
        }
        return t;
    }

    private void requireFunnel() throws Problem {
        ExecutableElement f = accessibleMethod(funnel, "funnel");
        if (f.getParameters().size() != 1 || !types.isSameType(f.getParameters().get(0).asType(), sqlException)
                || !types.isSameType(f.getReturnType(), sqlException)) {
            throw new Problem(annotated, "funnel \"" + funnel + "\" is not SQLException " + funnel + "(SQLException)");
        }
    }

    private void requireFirstString() throws Problem {
        ExecutableElement f = accessibleMethod(firstString, "firstString");
        if (f.getParameters().size() != 1 || !TypeNames.is(f.getParameters().get(0).asType(), "java.lang.String")
                || !TypeNames.is(f.getReturnType(), "java.lang.String")) {
            throw new Problem(annotated, "firstString \"" + firstString + "\" is not String " + firstString + "(String)");
        }
    }

    private ExecutableElement accessibleMethod(String name, String element) throws Problem {
        for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(annotated))) {
            if (m.getSimpleName().contentEquals(name) && !m.getModifiers().contains(Modifier.PRIVATE)) {
                return m;
            }
        }
        throw new Problem(annotated, element + " \"" + name + "\": no method of that name that the generated"
                + " subclass can reach");
    }

    private TypeElement valuesClass(GenerateDelegation a) {
        TypeMirror t;
        try {
            a.values();
            throw new IllegalStateException("values() read as a Class during compilation"); // javac never does
        } catch (MirroredTypeException e) {
            t = e.getTypeMirror();
        }
        return t.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) t).asElement() : null;
    }

    private List<ExecutableElement> interfaceMethods() {
        Map<String, ExecutableElement> bySignature = new LinkedHashMap<>();
        collect(delegateType, bySignature);
        return new ArrayList<>(bySignature.values());
    }

    private void collect(TypeElement iface, Map<String, ExecutableElement> bySignature) {
        for (ExecutableElement m : ElementFilter.methodsIn(iface.getEnclosedElements())) {
            if (!m.getModifiers().contains(Modifier.STATIC) && !m.getModifiers().contains(Modifier.PRIVATE)) {
                bySignature.putIfAbsent(signature(m), m);
            }
        }
        for (TypeMirror s : iface.getInterfaces()) {
            collect((TypeElement) ((DeclaredType) s).asElement(), bySignature);
        }
    }

    private String signature(ExecutableElement m) {
        StringBuilder b = new StringBuilder(m.getSimpleName()).append('(');
        for (VariableElement p : m.getParameters()) {
            b.append(types.erasure(p.asType())).append(',');
        }
        return b.append(')').toString();
    }

    /** The concrete method of the annotated class or a superclass that implements {@code m}, or null. */
    private ExecutableElement implementation(ExecutableElement m) {
        for (TypeElement c = annotated; c != null; c = superclass(c)) {
            for (ExecutableElement candidate : ElementFilter.methodsIn(c.getEnclosedElements())) {
                boolean concrete = !candidate.getModifiers().contains(Modifier.ABSTRACT);
                if (concrete && signature(candidate).equals(signature(m))) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private TypeElement superclass(TypeElement c) {
        TypeMirror s = c.getSuperclass();
        return s.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) s).asElement() : null;
    }

    /** An abstract method outside the delegate's interface would leave the generated class abstract. */
    private void requireNoOtherAbstractMethod(List<ExecutableElement> generated) throws Problem {
        List<String> covered = new ArrayList<>();
        for (ExecutableElement g : generated) {
            covered.add(signature(g));
        }
        for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(annotated))) {
            if (m.getModifiers().contains(Modifier.ABSTRACT) && implementation(m) == null
                    && !covered.contains(signature(m))) {
                throw new Problem(annotated, m.getEnclosingElement().getSimpleName() + "." + m
                        + " is abstract and not a method of the delegate's " + delegateType.getSimpleName()
                        + ": implement it by hand");
            }
        }
    }
}
