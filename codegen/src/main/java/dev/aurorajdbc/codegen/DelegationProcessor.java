package dev.aurorajdbc.codegen;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Writes, for each class annotated with {@link GenerateDelegation}, its final subclass {@code Generated<Name>} in the
 * same package (target/generated-sources/annotations under Maven): the constructors, and every method of the
 * delegate's interface the class leaves unimplemented as plain delegation (see {@link GenerateDelegation}). No
 * reflection at run time: the output is ordinary source, compiled with the rest.
 *
 * <p>Reports as compile errors: a class it cannot complete, and a hand-written method that is exactly what it would
 * write.
 */
public final class DelegationProcessor extends AbstractProcessor {

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(GenerateDelegation.class.getName());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        HandWrittenCopies copies = HandWrittenCopies.of(processingEnv);
        for (Element e : round.getElementsAnnotatedWith(GenerateDelegation.class)) {
            try {
                if (!(e instanceof TypeElement)) {
                    throw new Problem(e, "@GenerateDelegation completes a class");
                }
                generate(Delegation.of(processingEnv, (TypeElement) e), copies);
            } catch (Problem p) {
                error(p.element(), p.getMessage());
            }
        }
        return true;
    }

    private void generate(Delegation d, HandWrittenCopies copies) throws Problem {
        ClassWriter writer = new ClassWriter(d, processingEnv.getElementUtils());
        for (ExecutableElement copy : copies.find(d, writer.methods())) {
            error(copy, "pure delegation written by hand: " + d.generatedName()
                    + " writes this method the same; delete it here");
        }
        List<ExecutableElement> toGenerate = d.toGenerate();
        String source = writer.source(toGenerate);
        String name = writer.packageName() + "." + d.generatedName();
        try {
            JavaFileObject file = processingEnv.getFiler().createSourceFile(name, d.annotated);
            try (Writer w = file.openWriter()) {
                w.write(source);
            }
        } catch (IOException ex) {
            throw new Problem(d.annotated, "cannot write " + name + ": " + ex);
        }
    }

    private void error(Element where, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, where);
    }
}
