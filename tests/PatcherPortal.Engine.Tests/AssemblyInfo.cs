// Tests seed libtorch's global random generator before building models; parallel test classes would draw from it
// in between and make "identical" models differ.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
