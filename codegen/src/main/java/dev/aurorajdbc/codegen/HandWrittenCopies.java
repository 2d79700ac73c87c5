package dev.aurorajdbc.codegen;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * Finds the hand-written methods of an annotated class whose body is exactly what the processor would write: pure
 * delegation written by hand again, which belongs to the generated class. Reads the method bodies through javac's
 * tree API; under a compiler without it (a build tool's wrapped environment) there is nothing to read and nothing is
 * found.
 */
final class HandWrittenCopies {

    private final Trees trees;

    private HandWrittenCopies(Trees trees) {
        this.trees = trees;
    }

    static HandWrittenCopies of(ProcessingEnvironment env) {
        try {
            return new HandWrittenCopies(Trees.instance(env));
        } catch (IllegalArgumentException e) {
            return new HandWrittenCopies(null); // not javac's environment
        }
    }

    /** The hand-written methods of {@code d.annotated} that the processor would write the same. */
    List<ExecutableElement> find(Delegation d, MethodWriter writer) {
        List<ExecutableElement> copies = new ArrayList<>();
        if (trees == null) {
            return copies;
        }
        for (Map.Entry<ExecutableElement, ExecutableElement> e : d.handWritten().entrySet()) {
            ExecutableElement handWritten = e.getKey();
            MethodTree tree = trees.getTree(handWritten);
            if (tree == null || tree.getBody() == null) {
                continue; // compiled from a class file: no body to compare
            }
            List<String> names = new ArrayList<>();
            for (VariableElement p : handWritten.getParameters()) {
                names.add(p.getSimpleName().toString());
            }
            String expected;
            try {
                expected = "{" + writer.body(e.getValue(), names) + "}";
            } catch (Problem notGenerated) {
                continue; // the processor would not write it at all
            }
            if (withoutSpace(tree.getBody().toString()).equals(withoutSpace(expected))) {
                copies.add(handWritten);
            }
        }
        return copies;
    }

    private static String withoutSpace(String s) {
        return s.replaceAll("\\s+", "");
    }
}
