package dev.aurorajdbc.codegen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * One method of a generated class: the interface method's signature, and the native call in a try/catch whose
 * SQLException goes through the funnel, with the value rules applied to the arguments and the answer. Laid out as it
 * would be by hand, so that stack traces and a debugger step through readable code.
 */
final class MethodWriter {

    /** The local holding the native object when the delegate is a call. */
    static final String LOCAL = "c";
    private static final int LINE = 120;

    private final Delegation d;
    private final TypeNames names;
    private final Elements elements;
    /** Names a parameter must not take: it would hide what the body refers to. */
    private final Set<String> taken = new HashSet<>();

    MethodWriter(Delegation d, TypeNames names, Elements elements) {
        this.d = d;
        this.names = names;
        this.elements = elements;
        taken.add("e");
        taken.add(d.delegateIsCall ? LOCAL : leadingIdentifier(d.delegate));
        taken.add(leadingIdentifier(d.connection));
    }

    /** The whole method, indented as a member of the generated class, with a blank line before it. */
    String method(ExecutableElement m) throws Problem {
        List<String> params = parameterNames(m);
        StringBuilder b = new StringBuilder("\n");
        if (elements.isDeprecated(m)) {
            b.append("    @Deprecated\n");
        }
        b.append("    @Override\n");
        String head = "    public " + typeParameters(m) + names.name(m.getReturnType()) + " " + m.getSimpleName() + "("
                + parameters(m, params) + ")";
        String throwsClause = throwsClause(m);
        if (head.length() + throwsClause.length() + 2 > LINE && !throwsClause.isEmpty()) {
            b.append(head).append("\n            ").append(throwsClause.strip()).append(" {\n");
        } else {
            b.append(head).append(throwsClause).append(" {\n");
        }
        for (String line : body(m, params).split("\n")) {
            b.append("        ").append(line).append('\n');
        }
        return b.append("    }\n").toString();
    }

    /**
     * The body's statements, without braces or indentation, calling the parameters {@code params}. A method that
     * declares no SQLException has nothing to funnel: the plain call.
     */
    String body(ExecutableElement m, List<String> params) throws Problem {
        boolean funneled = d.throwsSqlException(m);
        if (!funneled && (d.throwsSqlExceptionSubclass(m) || d.delegateIsCall)) {
            throw new Problem(d.annotated, m + " does not declare SQLException, which the funnel answers with (or the"
                    + " delegate call throws): implement it in " + d.annotated.getSimpleName() + " by hand");
        }
        String target = d.delegateIsCall ? LOCAL : d.delegate;
        String call = target + "." + m.getSimpleName() + "(" + arguments(m, params) + ")";
        String statement = (m.getReturnType().getKind() == TypeKind.VOID ? "" : "return ") + answer(m, call, params)
                + ";";
        if (!funneled) {
            return statement;
        }
        StringBuilder b = new StringBuilder();
        if (d.delegateIsCall) {
            b.append(names.name(d.delegateType)).append(' ').append(LOCAL).append(" = ").append(d.delegate)
                    .append(";\n");
        }
        return b.append("try {\n")
                .append("    ").append(statement).append('\n')
                .append("} catch (").append(names.name(d.sqlException)).append(" e) {\n")
                .append("    throw ").append(d.funnel).append("(e);\n")
                .append("}").toString();
    }

    /** The interface's parameter names (arg0... where the compiler has none), renamed where they would hide a name. */
    List<String> parameterNames(ExecutableElement m) {
        List<String> result = new ArrayList<>();
        for (VariableElement p : m.getParameters()) {
            String name = p.getSimpleName().toString();
            while (taken.contains(name)) {
                name = name + "_";
            }
            result.add(name);
        }
        return result;
    }

    private String arguments(ExecutableElement m, List<String> params) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            TypeMirror type = m.getParameters().get(i).asType();
            if (i == 0 && !d.firstString.isEmpty() && TypeNames.is(type, "java.lang.String")) {
                args.add(d.firstString + "(" + params.get(i) + ")");
                continue;
            }
            String rule = d.rules.unwrapping(type);
            args.add(rule == null ? params.get(i) : rules() + "." + rule + "(" + params.get(i) + ")");
        }
        return String.join(", ", args);
    }

    private String answer(ExecutableElement m, String call, List<String> params) throws Problem {
        TypeMirror returned = m.getReturnType();
        if (returned.getKind() == TypeKind.VOID) {
            return call;
        }
        String generic = d.rules.wrappingGeneric(m);
        if (generic != null) {
            return rules() + "." + generic + "(" + d.connection + ", " + call + ", "
                    + params.get(d.rules.classParameter(m)) + ")";
        }
        if (TypeNames.is(returned, "java.sql.ResultSet")) {
            if (d.resultSet.isEmpty()) {
                throw new Problem(d.annotated, m + " returns a native result set: name the method that wraps it in"
                        + " @GenerateDelegation(resultSet = ...) of " + d.annotated.getSimpleName());
            }
            return d.resultSet + "(" + call + ")";
        }
        String rule = d.rules.wrapping(returned);
        return rule == null ? call : rules() + "." + rule + "(" + d.connection + ", " + call + ")";
    }

    private String rules() {
        return names.name(d.rules.owner());
    }

    private String typeParameters(ExecutableElement m) {
        if (m.getTypeParameters().isEmpty()) {
            return "";
        }
        List<String> declared = new ArrayList<>();
        for (TypeParameterElement t : m.getTypeParameters()) {
            List<String> bounds = new ArrayList<>();
            for (TypeMirror bound : t.getBounds()) {
                if (!TypeNames.is(bound, "java.lang.Object")) {
                    bounds.add(names.name(bound));
                }
            }
            declared.add(t.getSimpleName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
        }
        return "<" + String.join(", ", declared) + "> ";
    }

    /** The declared parameters of {@code m} (a method or constructor), called {@code params}. */
    String parameters(ExecutableElement m, List<String> params) {
        List<String> declared = new ArrayList<>();
        List<? extends VariableElement> p = m.getParameters();
        for (int i = 0; i < p.size(); i++) {
            TypeMirror type = p.get(i).asType();
            String written = m.isVarArgs() && i == p.size() - 1
                    ? names.name(((ArrayType) type).getComponentType()) + "..."
                    : names.name(type);
            declared.add(written + " " + params.get(i));
        }
        return String.join(", ", declared);
    }

    /** {@code " throws A, B"}, or empty. */
    String throwsClause(ExecutableElement m) {
        List<String> thrown = new ArrayList<>();
        for (TypeMirror t : m.getThrownTypes()) {
            thrown.add(names.name(t));
        }
        return thrown.isEmpty() ? "" : " throws " + String.join(", ", thrown);
    }

    /** {@code delegate} of {@code delegate} or {@code delegate.inner}; {@code this} of {@code this}. */
    private static String leadingIdentifier(String expression) {
        int end = 0;
        while (end < expression.length() && Character.isJavaIdentifierPart(expression.charAt(end))) {
            end++;
        }
        return expression.substring(0, end);
    }
}
