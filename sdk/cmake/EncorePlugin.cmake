include_guard(GLOBAL)

# encore_add_plugin(<name> SOURCES <files...> [LIBRARIES <targets...>])
#
# Builds one Encore plugin as a MODULE library named encore_<name>.so. Symbols are hidden by
# default (only the sectioned entry alias is exported, so one plugin's symbols never shadow
# another's) and undefined symbols are link errors, not load-time surprises.
#
# The library goes to ENCORE_PLUGIN_OUTPUT_DIR when that variable is set (the Encore tree sets
# it to <build>/plugins); otherwise to the usual CMake output directory. Used in the Encore tree
# and, through find_package(EncoreSDK), by plugins built out of tree.
function(encore_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  set(target encore_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE EncoreSDK::sdk ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${target} PRIVATE -Wl,-z,defs)
  if(DEFINED ENCORE_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ENCORE_PLUGIN_OUTPUT_DIR})
  endif()
endfunction()
