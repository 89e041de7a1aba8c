import ArgumentParser
import Pipeline

extension SourceChoice: ExpressibleByArgument {}
