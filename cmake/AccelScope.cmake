# Helpers shared by every module's CMakeLists.txt.

# accelscope_add_plugin(<id> SOURCES ... [LIBS ...])
# Builds the plugin's model code as a static library `<id>_model` (linked by the plugin's tests)
# and the loadable Qt plugin `accelscope_<id>` placed in lib/accelscope/plugins.
function(accelscope_add_plugin id)
  cmake_parse_arguments(ARG "" "" "SOURCES;PLUGIN_SOURCES;LIBS" ${ARGN})
  add_library(${id}_model STATIC ${ARG_SOURCES})
  set_target_properties(${id}_model PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(${id}_model PUBLIC accelscope-core ${ARG_LIBS})
  target_include_directories(${id}_model PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})

  add_library(accelscope_${id} MODULE ${ARG_PLUGIN_SOURCES})
  target_link_libraries(accelscope_${id} PRIVATE ${id}_model)
  set_target_properties(accelscope_${id} PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY "${ACCELSCOPE_PLUGIN_OUTPUT_DIR}"
    INSTALL_RPATH "$ORIGIN/../.."
    PREFIX "lib")
  install(TARGETS accelscope_${id} LIBRARY DESTINATION "${ACCELSCOPE_PLUGIN_SUBDIR}")
endfunction()

# accelscope_add_test(<name> SOURCES ... LIBS ... [GUI])
# One QtTest executable registered with CTest, run on the offscreen platform.
function(accelscope_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/tests")
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;ACCELSCOPE_BUILD_DIR=${PROJECT_BINARY_DIR};ACCELSCOPE_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# Adds every immediate subfolder of the current source folder that has a CMakeLists.txt, so a new
# plugin or test folder needs no edit elsewhere.
macro(accelscope_add_subfolders)
  file(GLOB _accelscope_subfolders LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
       ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT _accelscope_subfolders)
  foreach(_accelscope_dir ${_accelscope_subfolders})
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${_accelscope_dir}/CMakeLists.txt)
      add_subdirectory(${_accelscope_dir})
    endif()
  endforeach()
endmacro()
