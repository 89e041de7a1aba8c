public import ArgumentParser
public import Pipeline

extension SourceChoice: ExpressibleByArgument {}
